package dev.sfbroker.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sfbroker.testing.BrokerEnvironment;
import dev.sfbroker.testing.DynamoDbLocal;
import dev.sfbroker.testing.FunctionContextTest;
import dev.sfbroker.token.ConnectionState;
import dev.sfbroker.token.ConnectionStore;
import dev.sfbroker.token.LoginHost;
import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The scheduled refresh through its Lambda handler, as EventBridge Scheduler invokes it. The tests share one
 * table and run in order: each leaves nothing due but what the next one registers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@MicronautTest
class ScheduledRefreshHandlerTest extends FunctionContextTest {

    ScheduledRefreshHandlerTest() {
        super("development");
    }
    private static final ScheduledRefreshHandler.Input NEXT_TEN_MINUTES = new ScheduledRefreshHandler.Input(10);


    @Test
    @Order(1)
    void oneInvocationRenewsAThousandDueConnections() {
        List<String> ids = register("bulk-", 1000);
        long before = env.salesforce().counters().jwtBearerCalls();

        ScheduledRefreshHandler.Result result = new ScheduledRefreshHandler(env.context()).execute(NEXT_TEN_MINUTES);

        assertThat(result.due()).isEqualTo(1000);
        assertThat(result.renewed()).isEqualTo(1000);
        assertThat(env.salesforce().counters().jwtBearerCalls() - before).isEqualTo(1000);
        assertThat(ids).allSatisfy(id -> assertThat(store().find(id).orElseThrow().token()).isNotNull());
        assertThat(new ScheduledRefreshHandler(env.context()).execute(NEXT_TEN_MINUTES).due()).isZero();
    }

    @Test
    @Order(2)
    void overlappingRunsOnTwoInstancesRenewEachDueConnectionOnce() {
        register("overlap-", 200);
        long before = env.salesforce().counters().jwtBearerCalls();
        ScheduledRefreshHandler first = new ScheduledRefreshHandler(env.context());
        ScheduledRefreshHandler second = new ScheduledRefreshHandler(env.anotherInstance());

        // a thread each: the common pool has one thread on a machine of two cores, which would run them one after the other
        try (ExecutorService runs = Executors.newFixedThreadPool(2)) {
            CompletableFuture<ScheduledRefreshHandler.Result> a = CompletableFuture.supplyAsync(() -> first.execute(NEXT_TEN_MINUTES), runs);
            CompletableFuture<ScheduledRefreshHandler.Result> b = CompletableFuture.supplyAsync(() -> second.execute(NEXT_TEN_MINUTES), runs);

            assertThat(a.join().renewed() + b.join().renewed()).isEqualTo(200);
        }
        assertThat(env.salesforce().counters().jwtBearerCalls() - before).isEqualTo(200);
    }

    @Test
    @Order(3)
    void terminalErrorBlocksTheConnectionAndLaterRunsLeaveItAlone() {
        env.org().addUser("unapproved@acme.example", "Standard User");
        env.register("unapproved", LoginHost.of(env.salesforce().baseUrl(), null), "unapproved@acme.example",
                BrokerEnvironment.CREDENTIALS_REF);
        long before = env.salesforce().counters().jwtBearerCalls();

        ScheduledRefreshHandler.Result first = new ScheduledRefreshHandler(env.context()).execute(NEXT_TEN_MINUTES);
        ScheduledRefreshHandler.Result second = new ScheduledRefreshHandler(env.context()).execute(NEXT_TEN_MINUTES);

        assertThat(first.blocked()).isEqualTo(1);
        assertThat(second.due()).isZero();
        assertThat(env.salesforce().counters().jwtBearerCalls() - before).isEqualTo(1);
        assertThat(store().find("unapproved").orElseThrow().state()).isEqualTo(ConnectionState.NEEDS_REAUTH);
    }

    @Test
    @Order(4)
    void anOrgThatKeepsFailingIsBackedOffAndLeftForTheNextRun() {
        LoginHost down = LoginHost.of("http://127.0.0.1:" + DynamoDbLocal.freePort(), null);
        // a user of its own: the runs above spent the integration user's login budget for this hour (1,200)
        IntStream.range(0, 6).forEach(i -> env.register("down-" + i, down, "down@acme.example", BrokerEnvironment.CREDENTIALS_REF));
        ApplicationContext oneAtATime = env.anotherInstance(Map.of("broker.schedule.concurrency", 1));

        ScheduledRefreshHandler.Result result = new ScheduledRefreshHandler(oneAtATime).execute(NEXT_TEN_MINUTES);

        assertThat(result.failedTransient()).isEqualTo(3);
        assertThat(result.deferred()).isEqualTo(3);
        assertThat(store().find("down-0").orElseThrow().state()).isEqualTo(ConnectionState.ACTIVE);
    }

    private List<String> register(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> env.register(prefix + i).id()).toList();
    }

    private ConnectionStore store() {
        return env.context().getBean(ConnectionStore.class);
    }
}
