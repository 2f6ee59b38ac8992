package dev.sfbroker.simulator;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Control-API routes for the model: create, read and change orgs, users and connected apps; read a
 * user's grants of an app.
 * A creation answers 201 with the object as JSON, e.g. a connected app's {@code consumerKey} and
 * {@code consumerSecret}.
 */
final class ModelResource {

    private final SalesforceSimulator sim;
    private final ModelJson json;

    ModelResource(SalesforceSimulator sim) {
        this.sim = sim;
        this.json = new ModelJson(sim);
    }

    ControlResponse listOrgs() {
        return ControlResponse.ok(sim.orgs().stream().map(json.org::write).toList());
    }

    /** {@code {"name", "type"?, ...org fields}}. */
    ControlResponse createOrg(ControlRequest request) throws IOException {
        JsonBody body = request.body();
        String name = body.required("name", JsonCodec.STRING);
        OrgType type = body.optional("type", JsonCodec.enumOf(OrgType.class)).orElse(OrgType.PRODUCTION);
        Consumer<SimOrg> settings = json.org.parse(body);
        body.finish();
        SimOrg org = sim.addOrg(name, type);
        settings.accept(org);
        return ControlResponse.created(json.org.write(org));
    }

    ControlResponse getOrg(ControlRequest request) {
        return ControlResponse.ok(json.org.write(org(request.param(0))));
    }

    ControlResponse updateOrg(ControlRequest request) throws IOException {
        SimOrg org = org(request.param(0));
        update(org, json.org, request.body());
        return ControlResponse.ok(json.org.write(org));
    }

    /** {@code {"username", ...user fields}}; 409 if the username is taken (usernames are global). */
    ControlResponse createUser(ControlRequest request) throws IOException {
        SimOrg org = org(request.param(0));
        JsonBody body = request.body();
        String username = body.required("username", JsonCodec.STRING);
        Consumer<SimUser> settings = json.user.parse(body);
        body.finish();
        if (username.isBlank()) {
            throw ControlException.badRequest("field 'username' must not be blank");
        }
        if (sim.user(username).isPresent()) {
            throw ControlException.conflict("username already taken (usernames are global): " + username);
        }
        SimUser user = org.addUser(username);
        settings.accept(user);
        return ControlResponse.created(json.user.write(user));
    }

    ControlResponse getUser(ControlRequest request) {
        return ControlResponse.ok(json.user.write(user(request.param(0))));
    }

    ControlResponse updateUser(ControlRequest request) throws IOException {
        SimUser user = user(request.param(0));
        update(user, json.user, request.body());
        return ControlResponse.ok(json.user.write(user));
    }

    /** {@code {"name", "certificatePem"?, ...app fields}}; a bad certificate is a 400 and creates nothing. */
    ControlResponse createApp(ControlRequest request) throws IOException {
        SimOrg org = org(request.param(0));
        JsonBody body = request.body();
        String name = body.required("name", JsonCodec.STRING);
        String certificatePem = body.optional("certificatePem", JsonCodec.STRING.nullable()).orElse(null);
        Consumer<SimConnectedApp> settings = json.app.parse(body);
        body.finish();
        SimConnectedApp app = org.addConnectedApp(name, certificatePem);
        settings.accept(app);
        return ControlResponse.created(json.app.write(app));
    }

    ControlResponse getApp(ControlRequest request) {
        return ControlResponse.ok(json.app.write(app(request.param(0))));
    }

    ControlResponse updateApp(ControlRequest request) throws IOException {
        SimConnectedApp app = app(request.param(0));
        update(app, json.app, request.body());
        return ControlResponse.ok(json.app.write(app));
    }

    /** The user's approvals of the app, live and revoked, oldest first ({@link SalesforceSimulator#grantHistory}). */
    ControlResponse listGrants(ControlRequest request) {
        SimConnectedApp app = app(request.param(0));
        SimUser user = user(request.param(1));
        return ControlResponse.ok(sim.grantHistory(user, app).stream().map(json.grant::write).toList());
    }

    private static <T> void update(T target, JsonFields<T> fields, JsonBody body) {
        Consumer<T> change = fields.parse(body);
        body.finish();
        change.accept(target);
    }

    private SimOrg org(String id) {
        try {
            return sim.org(id).orElseThrow(() -> ControlException.notFound("no org " + id));
        } catch (IllegalArgumentException malformedId) {
            throw ControlException.notFound("no org " + id);
        }
    }

    private SimUser user(String username) {
        return sim.user(username).orElseThrow(() -> ControlException.notFound("no user " + username));
    }

    private SimConnectedApp app(String consumerKey) {
        return sim.connectedApp(consumerKey).orElseThrow(() -> ControlException.notFound("no connected app " + consumerKey));
    }
}
