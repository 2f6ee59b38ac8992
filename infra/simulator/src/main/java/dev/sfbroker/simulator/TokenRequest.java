package dev.sfbroker.simulator;

import java.net.InetSocketAddress;
import java.util.Map;

/** A parsed token-endpoint request: the form parameters and the caller's address. */
record TokenRequest(Map<String, String> params, InetSocketAddress remoteAddress) {

    TokenRequest {
        params = Map.copyOf(params);
    }

    /** A form parameter, or null. */
    String param(String name) {
        return params.get(name);
    }
}
