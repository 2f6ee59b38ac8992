package dev.sfbroker.handlers;

import dev.sfbroker.api.PolicyViews;
import dev.sfbroker.observability.LoggedRequestHandler;
import dev.sfbroker.policy.PolicyAudit;
import dev.sfbroker.token.AuditEvent;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.Map;

/** The daily Connected App policy audit (EventBridge Scheduler); its input is ignored. */
public class PolicyAuditHandler extends LoggedRequestHandler<Map<String, Object>, PolicyViews.PolicyAuditResult> {

    @Inject
    PolicyAudit audit;

    /** Lambda's constructor. */
    public PolicyAuditHandler() {
    }

    public PolicyAuditHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected PolicyViews.PolicyAuditResult handle(Map<String, Object> input) {
        return PolicyViews.PolicyAuditResult.of(audit.run(AuditEvent.SCHEDULE));
    }
}
