package facerec.recognize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import facerec.testing.Cli;
import facerec.testing.Signals;
import facerec.testing.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Network inputs that stall, served by a real local socket: one that accepts the connection and
 * never answers, and one that sends the first part of a real WebM recording and then nothing.
 * Each fails its own input after --timeout, and Ctrl-C ends a run that waits on one at once.
 */
class StalledInputTest {
    @TempDir
    static Path dir;
    static Path store;
    static Stall silent;
    static Stall midway;

    /** A server that answers every request with {@code body}'s first bytes and then holds the connection. */
    static final class Stall implements AutoCloseable {
        final ServerSocket server;
        final List<Socket> held = new CopyOnWriteArrayList<>();

        /** @param body null: accept and never answer */
        Stall(byte[] body, int sent) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        held.add(s);
                        if (body != null) {
                            answer(s, body, sent);
                        }
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "stall");
            t.setDaemon(true);
            t.start();
        }

        private static void answer(Socket s, byte[] body, int sent) {
            Thread t = new Thread(() -> {
                try {
                    InputStream in = s.getInputStream();
                    // The request ends with an empty line.
                    int state = 0;
                    while (state < 4) {
                        int c = in.read();
                        if (c < 0) {
                            return;
                        }
                        state = (c == '\r' && state % 2 == 0) || (c == '\n' && state % 2 == 1) ? state + 1 : 0;
                    }
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: video/webm\r\nContent-Length: " + body.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(body, 0, sent);
                    out.flush();
                } catch (IOException ignored) {
                    // The client gave up.
                }
            });
            t.setDaemon(true);
            t.start();
        }

        String url(String name) {
            return "http://127.0.0.1:" + server.getLocalPort() + "/" + name;
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @BeforeAll
    static void servers() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data/obama"));
        Files.copy(TestData.image("obama.jpg"), data.resolve("obama.jpg"));
        store = dir.resolve("encodings.json");
        Cli e = Cli.run("encode", "--dataset", dir.resolve("data").toString(), "--encodings", store.toString(),
                "--models", TestData.models().dir().toString());
        assertEquals(0, e.exit(), e::toString);
        byte[] webm = Files.readAllBytes(TestData.realClips().resolve("cap13_edit2.webm"));
        silent = new Stall(null, 0);
        midway = new Stall(webm, webm.length / 8);
    }

    @AfterAll
    static void stop() throws IOException {
        silent.close();
        midway.close();
    }

    static Cli recognize(String... extra) {
        String[] base = {"recognize", "--encodings", store.toString(), "--models", TestData.models().dir().toString(), "--quiet"};
        return Cli.run(java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
                .toArray(String[]::new));
    }

    @Test
    void aServerThatNeverAnswersFailsItsInputAfterTheTimeout() {
        long t0 = System.nanoTime();
        Cli r = recognize("--input", silent.url("x.mp4"), "--timeout", "1", "--report", dir.resolve("silent.json").toString());
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(1, r.exit(), r::toString);
        assertEquals(List.of("facerec: cannot read " + silent.url("x.mp4")
                + " as a video or image: Connection timed out (no answer for 1 s, --timeout)"), r.err().lines().toList());
        // JavaCV opens twice (the second time without its pixel format): two timeouts, and no more.
        assertTrue(seconds < 10, "took " + seconds + " s");
        assertFalse(Files.exists(dir.resolve("silent.json")));
    }

    @Test
    void aBatchGoesOnPastStreamsThatStall() throws Exception {
        Path out = dir.resolve("batch");
        Path photo = TestData.image("obama.jpg");
        Cli r = recognize("--timeout", "1", "--output-dir", out.toString(), silent.url("a.mp4"), midway.url("b.webm"),
                photo.toString());
        assertEquals(1, r.exit(), r::toString);
        List<JsonNode> lines = r.out().lines().map(StalledInputTest::json).toList();
        assertEquals(3, lines.size(), r::toString);
        assertEquals("failed", lines.get(0).get("status").asText());
        assertTrue(lines.get(0).get("error").asText().endsWith("Connection timed out (no answer for 1 s, --timeout)"), r::toString);
        // The stream that stalled midway keeps what it sent, marked incomplete, with why it stopped.
        JsonNode b = lines.get(1);
        int frames = b.get("frames").asInt();
        assertTrue(frames > 0, r::toString);
        assertEquals(midway.url("b.webm") + " failed after frame " + frames + ": Connection timed out (nothing for 1 s, --timeout)",
                b.get("error").asText());
        JsonNode report = json(Files.readString(out.resolve("b.json")));
        assertFalse(report.get("complete").asBoolean());
        assertEquals(frames, report.get("frameCount").asInt());
        // The writer keeps the recording's pace, repeating a frame where the camera skipped one.
        assertTrue(RecognizeCommandTest.countFrames(out.resolve("b.avi")) >= frames);
        assertEquals("ok", lines.get(2).get("status").asText(), r::toString);
        assertEquals("obama", lines.get(2).get("people").get(0).get("name").asText(), r::toString);
    }

    @Test
    void ctrlCWhileAStreamStallsEndsTheRunAtOnceAndKeepsItsFrames() throws Exception {
        Path report = dir.resolve("sigint/out.json");
        Process p = child(midway.url("c.webm"), report);
        // The report's spool appears when the models are loaded and frames flow; the eighth of
        // the recording that the server sends takes a second or two to recognize, and then the
        // run waits on the stream.
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (spool(report.getParent()) == 0 && System.nanoTime() < deadline && p.isAlive()) {
            Thread.sleep(50);
        }
        Thread.sleep(6000);
        assertTrue(p.isAlive(), "the run ended before the signal");
        double seconds = Signals.sendAndWait(p, "INT");
        String log = Files.readString(dir.resolve("sigint.log"));
        assertEquals(1, p.exitValue(), log);
        // The default --timeout is 30 s: the run did not wait for it.
        assertTrue(seconds < 5, "took " + seconds + " s from the signal to the exit");
        int frames = json(Files.readString(report)).get("frameCount").asInt();
        assertTrue(frames > 0, log);
        assertEquals(List.of("facerec: interrupted after frame " + frames),
                log.lines().filter(l -> l.startsWith("facerec:")).toList(), log);
    }

    @Test
    void ctrlCWhileAServerNeverAnswersEndsTheRunAtOnce() throws Exception {
        Process p = child(silent.url("d.mp4"), dir.resolve("sigint-open/out.json"));
        // Long enough for the JVM to start and connect.
        Thread.sleep(4000);
        double seconds = Signals.sendAndWait(p, "INT");
        String log = Files.readString(dir.resolve("sigint-open.log"));
        assertEquals(1, p.exitValue(), log);
        assertTrue(seconds < 5, "took " + seconds + " s from the signal to the exit");
        assertEquals(List.of("facerec: " + silent.url("d.mp4") + ": interrupted while opening it"),
                log.lines().filter(l -> l.startsWith("facerec:")).toList(), log);
    }

    private static Process child(String url, Path report) throws IOException {
        Files.createDirectories(report.getParent());
        String name = report.getParent().getFileName().toString();
        return new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "facerec.cli.Main", "recognize", "--encodings", store.toString(),
                "--models", TestData.models().dir().toString(), "--input", url, "--threads", "1",
                "--report", report.toString(), "--quiet")
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }

    private static long spool(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".frames")).count();
        }
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
