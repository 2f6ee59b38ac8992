package dev.sfbroker.api;

import dev.sfbroker.policy.Finding;
import dev.sfbroker.policy.PolicyReport;
import dev.sfbroker.policy.PolicyTable;
import dev.sfbroker.policy.Severity;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A policy audit report as the ops API and the audit function answer it. */
public final class PolicyViews {
    private PolicyViews() {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "PolicyFinding")
    public record PolicyFinding(String ruleId, String severity, boolean isNew, @Nullable String org, @Nullable String connectedApp,
                                @Nullable String connection, @Nullable String evidence, @Nullable String fix) {
    }

    /** A policy audit report as JSON, with the same report as a Markdown table. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "PolicyAuditResult")
    public record PolicyAuditResult(String at, int critical, int warning, int info, int notChecked, List<PolicyFinding> findings,
                                    List<PolicyFinding> resolved, List<String> learned, String table) {
        public static PolicyAuditResult of(PolicyReport report) {
            return new PolicyAuditResult(report.at().toString(), count(report, Severity.CRITICAL), count(report, Severity.WARNING),
                    count(report, Severity.INFO), count(report, Severity.NOT_CHECKED),
                    report.findings().stream().map(f -> view(f, report.newFindings().contains(f.key()))).toList(),
                    report.resolved().stream().map(f -> view(f, false)).toList(), report.learned(),
                    PolicyTable.render(report));
        }

        private static int count(PolicyReport report, Severity severity) {
            return (int) report.findings().stream().filter(f -> f.severity() == severity).count();
        }

        private static PolicyFinding view(Finding f, boolean isNew) {
            return new PolicyFinding(f.ruleId(), f.severity().name(), isNew, f.org(), f.connectedApp(), f.connectionId(), f.evidence(), f.fix());
        }
    }
}
