package facerec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import facerec.cli.Main;
import facerec.recognize.Recognizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the product's two jars (facerec-core, the library; facerec.jar, the command line) hold, as
 * built: no class of the test kit or the benchmarks, and, by the JDK's own jdeps, no cycle among
 * their packages. ArchitectureTest says the same of the classes; this reads the built output.
 */
class ProductJarsTest {
    private static final List<Path> PRODUCT = List.of(location(Recognizer.class), location(Main.class));

    @Test
    void theProductHoldsNoTestKitOrBenchmark() throws IOException {
        for (Path part : PRODUCT) {
            List<String> classes = classes(part);
            assertTrue(classes.contains("facerec/recognize/Recognizer.class") || classes.contains("facerec/cli/Main.class"),
                    part + " holds " + classes.size() + " classes");
            List<String> tooling = classes.stream()
                    .filter(c -> c.startsWith("facerec/synth/") || c.startsWith("facerec/bench/") || c.startsWith("facerec/testing/"))
                    .toList();
            assertEquals(List.of(), tooling, part + " holds test tooling");
        }
    }

    @Test
    void jdepsFindsNoPackageCycle() {
        Map<String, Set<String>> graph = packageGraph(PRODUCT);
        assertTrue(graph.getOrDefault("facerec.cli", Set.of()).contains("facerec.recognize"),
                "jdeps saw the command line use the library: " + graph);
        assertEquals(List.of(), cycle(graph), "a cycle among the product's packages (jdeps)");
    }

    /** Edges between facerec packages, as {@code jdeps -verbose:package} prints them. */
    static Map<String, Set<String>> packageGraph(List<Path> parts) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
        List<String> args = new ArrayList<>(List.of("-verbose:package", "-e", "facerec\\..*"));
        parts.forEach(p -> args.add(p.toString()));
        StringWriter out = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out, true), new PrintWriter(out, true), args.toArray(String[]::new));
        assertEquals(0, exit, "jdeps " + args + ":\n" + out);
        Map<String, Set<String>> graph = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^\\s+(facerec[\\w.]*)\\s+->\\s+(facerec[\\w.]*)\\s").matcher(out.toString());
        while (m.find()) {
            if (!m.group(1).equals(m.group(2))) {
                graph.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
            }
        }
        return graph;
    }

    /** A cycle of the graph, its first package repeated at its end; empty when there is none. */
    static List<String> cycle(Map<String, Set<String>> graph) {
        Set<String> done = new TreeSet<>();
        for (String start : graph.keySet()) {
            Deque<String> path = new ArrayDeque<>();
            List<String> found = visit(start, graph, path, done);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> visit(String p, Map<String, Set<String>> graph, Deque<String> path, Set<String> done) {
        if (path.contains(p)) {
            List<String> onPath = new ArrayList<>(path);
            List<String> cycle = new ArrayList<>(onPath.subList(onPath.indexOf(p), onPath.size()));
            cycle.add(p);
            return cycle;
        }
        if (!done.add(p)) {
            return List.of();
        }
        path.addLast(p);
        for (String q : graph.getOrDefault(p, Set.of())) {
            List<String> found = visit(q, graph, path, done);
            if (!found.isEmpty()) {
                return found;
            }
        }
        path.removeLast();
        return List.of();
    }

    @Test
    void aCycleIsFound() {
        Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
        List<String> found = cycle(graph);
        assertEquals(4, found.size(), found.toString());
        assertEquals(found.get(0), found.get(3));
        assertEquals(List.of(), cycle(Map.of("a", Set.of("b", "c"), "b", Set.of("c"))));
    }

    /** The jar or class directory that a class was loaded from: a jar after mvn package, classes/ in mvn test. */
    private static Path location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> classes(Path part) throws IOException {
        if (Files.isDirectory(part)) {
            try (Stream<Path> files = Files.walk(part)) {
                return files.filter(f -> f.toString().endsWith(".class"))
                        .map(f -> part.relativize(f).toString().replace('\\', '/')).sorted().toList();
            }
        }
        try (JarFile jar = new JarFile(part.toFile())) {
            return jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")).sorted().toList();
        }
    }
}
