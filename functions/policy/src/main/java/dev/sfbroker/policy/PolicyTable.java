package dev.sfbroker.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A report as a Markdown table, one row per org, connected app and connection, most urgent first. */
public final class PolicyTable {
    private PolicyTable() {
    }

    public static String render(PolicyReport report) {
        Map<String, List<Finding>> rows = new LinkedHashMap<>();
        report.findings().stream()
                .sorted(Comparator.comparing(Finding::org).thenComparing(Finding::connectedApp).thenComparing(Finding::connectionId))
                .forEach(f -> rows.computeIfAbsent(f.org() + " | " + f.connectedApp() + " | " + f.connectionId(), k -> new ArrayList<>()).add(f));
        StringBuilder table = new StringBuilder("Policy audit " + report.at() + "\n\n")
                .append("| org | connected app | connection | findings |\n|---|---|---|---|\n");
        rows.forEach((row, findings) -> table.append("| ").append(row).append(" | ").append(findings.stream()
                .sorted(Comparator.comparing(Finding::severity).reversed())
                .map(f -> f.severity() + " `" + f.ruleId() + "`" + (report.newFindings().contains(f.key()) ? " (new)" : ""))
                .collect(Collectors.joining("<br>"))).append(" |\n"));
        report.resolved().forEach(f -> table.append("| ").append(f.org()).append(" | ").append(f.connectedApp()).append(" | ")
                .append(f.connectionId()).append(" | resolved: `").append(f.ruleId()).append("` |\n"));
        report.learned().forEach(learned -> table.append("\nLearned: ").append(learned));
        return table.append('\n').toString();
    }
}
