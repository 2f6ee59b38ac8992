package dev.sfbroker.token;

/**
 * Where connection state changes go for the outside world (EventBridge in AWS, the log locally). Called after the
 * change is stored; an implementation never throws: a change that could not be published is logged and counted.
 */
public interface ConnectionEvents {

    void publish(ConnectionEvent event);
}
