package dev.sfbroker.wiring;

import dev.sfbroker.token.LoginBudget;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * {@code broker.login-budget.*}: the logins per Salesforce user and hour the broker allows itself, across all its
 * instances ({@link LoginBudget}).
 *
 * @param perHour the default budget, a third of Salesforce's 3,600 per user per hour: the same user also serves people
 *                and other tools; a connection's {@code login_budget_per_hour} overrides it
 */
@ConfigurationProperties("broker.login-budget")
public record LoginBudgetProperties(@Bindable(defaultValue = "1200") @Min(1) @Max(LoginBudget.SALESFORCE_LIMIT_PER_HOUR) int perHour) {
}
