package dev.sfbroker.template;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * {@code template.yaml} as plain maps and lists. CloudFormation's short forms become their long forms, as CloudFormation
 * reads them: {@code !Ref X} is {@code {Ref: X}}, {@code !Sub s} is {@code {Fn::Sub: s}}, and {@code !GetAtt A.B} is
 * {@code {Fn::GetAtt: [A, B]}}.
 */
record Template(Map<String, Object> root) {
    private static final Set<String> FUNCTIONS = Set.of("Sub", "GetAtt", "If", "Not", "Equals", "And", "Or", "Join", "Select",
            "Split", "FindInMap", "Base64", "Cidr", "GetAZs", "ImportValue", "Condition", "Transform");

    static Template load() {
        Path file = Path.of("").toAbsolutePath();
        while (!Files.exists(file.resolve("template.yaml"))) {
            file = file.getParent();
        }
        try (Reader reader = Files.newBufferedReader(file.resolve("template.yaml"))) {
            return new Template(new Yaml(new CloudFormationConstructor()).load(reader));
        } catch (IOException e) {
            throw new IllegalStateException("template.yaml is unreadable", e);
        }
    }

    Map<String, Object> properties(String resource) {
        Map<String, Object> found = TemplateTest.map(TemplateTest.map(root.get("Resources")).get(resource));
        if (found.isEmpty()) {
            throw new AssertionError("template.yaml has no resource " + resource);
        }
        return TemplateTest.map(found.get("Properties"));
    }

    List<String> resourcesOfType(String type) {
        return TemplateTest.map(root.get("Resources")).entrySet().stream()
                .filter(resource -> type.equals(TemplateTest.map(resource.getValue()).get("Type"))).map(Map.Entry::getKey).toList();
    }

    /** Every statement of the role's inline policies and of the managed policies it attaches from this template. */
    List<Map<String, Object>> statementsOf(String role) {
        Map<String, Object> properties = properties(role);
        List<Object> documents = new ArrayList<>();
        TemplateTest.list(properties.get("Policies")).forEach(policy -> documents.add(TemplateTest.map(policy).get("PolicyDocument")));
        TemplateTest.list(properties.get("ManagedPolicyArns")).forEach(ref -> documents.add(
                properties(String.valueOf(TemplateTest.map(ref).get("Ref"))).get("PolicyDocument")));
        return documents.stream().flatMap(document -> TemplateTest.list(TemplateTest.map(document).get("Statement")).stream())
                .map(TemplateTest::map).toList();
    }

    /** The attributes the role's UpdateItem statements name in their {@code dynamodb:Attributes} conditions. */
    Set<String> updatableAttributes(String role) {
        Set<String> attributes = new TreeSet<>();
        statementsOf(role).stream().filter(statement -> strings(statement.get("Action")).contains("dynamodb:UpdateItem"))
                .forEach(statement -> attributes.addAll(strings(TemplateTest.map(TemplateTest.map(statement.get("Condition"))
                        .get("ForAllValues:StringEquals")).get("dynamodb:Attributes"))));
        return attributes;
    }

    /** The logical name of the function's execution role. */
    String roleOf(String function) {
        return TemplateTest.list(TemplateTest.map(properties(function).get("Role")).get("Fn::GetAtt")).getFirst().toString();
    }

    /** The default of the parameter {@code {Ref: name}} refers to. */
    double parameterDefault(Object reference) {
        String name = String.valueOf(TemplateTest.map(reference).get("Ref"));
        Object value = TemplateTest.map(TemplateTest.map(root.get("Parameters")).get(name)).get("Default");
        if (value == null) {
            throw new AssertionError(reference + " is not a parameter with a default");
        }
        return Double.parseDouble(value.toString());
    }

    /** A policy element that is one string or a list of them, as a list. */
    static List<String> strings(Object value) {
        return value instanceof List<?> many ? many.stream().map(String::valueOf).toList()
                : value == null ? List.of() : List.of(String.valueOf(value));
    }

    private static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor() {
            super(new LoaderOptions());
            yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
            FUNCTIONS.forEach(function -> yamlConstructors.put(new Tag("!" + function), new Intrinsic("Fn::" + function)));
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String name;

            Intrinsic(String name) {
                this.name = name;
            }

            @Override
            public Object construct(Node node) {
                Object value = switch (node) {
                    case ScalarNode scalar when name.equals("Fn::GetAtt") -> List.of(constructScalar(scalar).split("\\.", 2));
                    case ScalarNode scalar -> constructScalar(scalar);
                    case SequenceNode sequence -> constructSequence(sequence);
                    case MappingNode mapping -> constructMapping(mapping);
                    default -> throw new IllegalArgumentException("unexpected node " + node);
                };
                return Map.of(name, value);
            }
        }
    }
}
