import com.marcnuri.helm.LintCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import com.marcnuri.helm.VersionCommand;
import com.marcnuri.helm.jni.HelmLib;
import com.sun.jna.Native;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The real Helm (helm-java's build of Helm's Go code, loaded through JNA) answering requests on stdin, one
 * per line, so the chart checks pay for one JVM and one library load per test file, not per render.
 *
 * Usage: java -cp '<libs>/*:<classes>' HelmServer <path of the helm shared library>
 *
 * Request: a command and its arguments, each base64 (UTF-8), separated by spaces; the commands:
 *   version
 *   lint <chartDir>                        (always --strict)
 *   template <release> <namespace> <kubeVersion> <chartDir> <valuesFile>
 * Response: one line `@@helm ok <base64 output>` or `@@helm error <base64 message>`. Other lines on stdout
 * (none expected) are not responses; the prefix tells them apart.
 *
 * The shared library is loaded from the path given (extracted once into the cache by helm.ts) instead of
 * helm-java's own loader, which copies the 100 MB library into a temporary folder on every JVM start.
 */
public final class HelmServer {
  private static final String PREFIX = "@@helm ";

  public static void main(String[] args) throws Exception {
    HelmLib helm = Native.load(args[0], HelmLib.class);
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isBlank()) continue;
      String[] fields = line.split(" ");
      String[] arguments = new String[fields.length - 1];
      for (int i = 1; i < fields.length; i++) arguments[i - 1] = decode(fields[i]);
      try {
        out.println(PREFIX + "ok " + encode(run(helm, decode(fields[0]), arguments)));
      } catch (Exception | Error failure) {
        String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        out.println(PREFIX + "error " + encode(message));
      }
    }
  }

  private static String run(HelmLib helm, String command, String[] args) {
    switch (command) {
      case "version":
        return new VersionCommand(helm).call();
      case "lint":
        {
          LintResult result = new LintCommand(helm, Path.of(args[0])).strict().call();
          // First line: passed/failed; then helm's messages, one per line.
          return (result.isFailed() ? "failed" : "passed") + "\n" + String.join("\n", result.getMessages());
        }
      case "template":
        return new TemplateCommand(helm, Path.of(args[3]))
            .withName(args[0])
            .withNamespace(args[1])
            .withKubeVersion(args[2])
            .withValuesFile(Path.of(args[4]))
            .call();
      default:
        throw new IllegalArgumentException("unknown command " + command);
    }
  }

  private static String decode(String field) {
    return new String(Base64.getDecoder().decode(field), StandardCharsets.UTF_8);
  }

  private static String encode(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
