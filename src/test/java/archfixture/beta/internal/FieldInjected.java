package archfixture.beta.internal;

import org.springframework.beans.factory.annotation.Autowired;

/** Breaks "no field injection". */
public class FieldInjected {
	@Autowired
	Object collaborator;
}
