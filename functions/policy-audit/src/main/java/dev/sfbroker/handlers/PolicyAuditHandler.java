package dev.sfbroker.handlers;

import dev.sfbroker.api.PolicyViews;
import dev.sfbroker.policy.PolicyAudit;
import dev.sfbroker.token.AuditEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.util.Map;

/** The daily Connected App policy audit (EventBridge Scheduler); its input is ignored. */
public class PolicyAuditHandler extends MicronautRequestHandler<Map<String, Object>, PolicyViews.PolicyAuditResult> {

    @Inject
    PolicyAudit audit;

    /** Lambda's constructor. */
    public PolicyAuditHandler() {
    }

    public PolicyAuditHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public PolicyViews.PolicyAuditResult execute(Map<String, Object> input) {
        return PolicyViews.PolicyAuditResult.of(audit.run(AuditEvent.SCHEDULE));
    }
}
