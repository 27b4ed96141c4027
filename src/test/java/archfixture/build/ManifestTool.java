package archfixture.build;

/** A build tool of the fixture application. */
public class ManifestTool {

	public static String manifest() {
		return "kind: Deployment";
	}
}
