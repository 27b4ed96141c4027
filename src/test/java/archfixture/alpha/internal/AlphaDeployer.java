package archfixture.alpha.internal;

import archfixture.build.ManifestTool;

/** Breaks the build-tools rule: application code calling the build tooling. */
class AlphaDeployer {

	String describe() {
		return ManifestTool.manifest();
	}
}
