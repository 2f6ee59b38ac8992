package dev.sfbroker.salesforce.admin;

import dev.sfbroker.wiring.Priming;
import io.micronaut.crac.OrderedResource;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import org.crac.Context;
import org.crac.Resource;

/** Primes the admin readers' hardened XML parser (the JDK's XML stack is slow to load) without calling Salesforce. */
@Singleton
final class AdminReaderPriming implements OrderedResource {
    private static final String READ_METADATA = """
            <?xml version="1.0" encoding="UTF-8"?>
            <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
                xmlns="http://soap.sforce.com/2006/04/metadata"><soapenv:Body><readMetadataResponse><result>
              <records><fullName>Priming</fullName><oauthConfig><isAdminApproved>true</isAdminApproved></oauthConfig></records>
            </result></readMetadataResponse></soapenv:Body></soapenv:Envelope>""";

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        Priming.step("Metadata API XML", () -> SafeXml.parse(READ_METADATA.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing unique to an instance
    }
}
