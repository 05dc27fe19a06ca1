import com.adobe.epubcheck.tool.EpubChecker;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * EPUBCheck for the test suite, one JVM a pytest worker (tests/conftest.py starts it): each
 * line on stdin is "BOOK\tREPORT"; EPUBCheck writes its JSON report to REPORT, as
 * `java -jar epubcheck.jar BOOK -u --json REPORT` does, then "done CODE" is the reply on stdout.
 * A JVM start and EPUBCheck's schemas cost seconds of CPU; a second book costs a fraction.
 */
public class EpubCheckServer {
    public static void main(String[] args) throws Exception {
        PrintStream reply = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
        System.setOut(System.err);  // EPUBCheck's own lines go to stderr, never into the replies
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] job = line.split("\t", 2);
            int code;
            try {
                code = new EpubChecker().run(new String[] {job[0], "-u", "--json", job[1]});
            } catch (RuntimeException e) {
                code = -1;
            }
            reply.println("done " + code);
        }
    }
}
