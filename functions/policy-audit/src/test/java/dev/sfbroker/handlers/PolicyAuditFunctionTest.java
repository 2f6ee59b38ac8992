package dev.sfbroker.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sfbroker.api.PolicyViews;
import dev.sfbroker.testing.FunctionBeans;
import dev.sfbroker.testing.FunctionContextTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The policy audit function's own context: the audit reads through the tokens in the store and never renews one,
 * so it has no OAuth client, no grant and no renewer.
 */
@MicronautTest
class PolicyAuditFunctionTest extends FunctionContextTest {

    PolicyAuditFunctionTest() {
        super("iam");
    }
    @Test
    void createsThePolicyAuditAndNothingThatRenews() {
        assertThat(FunctionBeans.of(context)).containsExactlyElementsOf(FunctionBeans.union(FunctionBeans.CORE, FunctionBeans.POLICY,
                Set.of("dev.sfbroker.handlers.PolicyAuditHandler")));
    }

    @Test
    void aScheduleEventAuditsAndSaysWhatItCouldNotRead() {
        env.register("never-fetched");

        PolicyViews.PolicyAuditResult result = new PolicyAuditHandler(context).execute(Map.of());

        assertThat(result.findings()).anySatisfy(finding -> {
            assertThat(finding.connection()).isEqualTo("never-fetched");
            assertThat(finding.severity()).isEqualTo("NOT_CHECKED");
            assertThat(finding.ruleId()).isEqualTo("not-checked-connection");
            assertThat(finding.evidence()).contains("no valid token");
        });
        assertThat(result.notChecked()).isPositive();
    }
}
