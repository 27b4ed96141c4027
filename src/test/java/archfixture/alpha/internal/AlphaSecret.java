package archfixture.alpha.internal;

public class AlphaSecret {
	public String reveal() {
		return "internal";
	}
}
