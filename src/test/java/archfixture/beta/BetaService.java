package archfixture.beta;

import archfixture.alpha.internal.AlphaSecret;

/** Breaks "no module reaches into another module's internals". */
public class BetaService {
	public String peek() {
		return new AlphaSecret().reveal();
	}
}
