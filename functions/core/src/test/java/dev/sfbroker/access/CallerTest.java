package dev.sfbroker.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {
    private static final Set<String> ALLOWED = Set.of("arn:aws:iam::123456789012:role/integrations/sync-job");

    @Test
    void assumedRoleSessionMatchesItsRoleWhateverThePath() {
        assertThat(new Caller("arn:aws:sts::123456789012:assumed-role/sync-job/i-0abc123").isAnyOf(ALLOWED)).isTrue();
    }

    @Test
    void sameRoleNameInAnotherAccountDoesNotMatch() {
        assertThat(new Caller("arn:aws:sts::999999999999:assumed-role/sync-job/i-0abc123").isAnyOf(ALLOWED)).isFalse();
    }

    @Test
    void otherRoleOrUserDoesNotMatch() {
        assertThat(new Caller("arn:aws:sts::123456789012:assumed-role/sync-job-2/s").isAnyOf(ALLOWED)).isFalse();
        assertThat(new Caller("arn:aws:iam::123456789012:user/sync-job").isAnyOf(ALLOWED)).isFalse();
    }

    @Test
    void iamUserMatchesExactly() {
        assertThat(new Caller("arn:aws:iam::123456789012:user/ops").isAnyOf(Set.of("arn:aws:iam::123456789012:user/ops"))).isTrue();
    }
}
