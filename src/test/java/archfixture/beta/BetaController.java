package archfixture.beta;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Breaks "controllers live in an internal web package". */
@RestController
public class BetaController {
	@GetMapping("/beta")
	String beta() {
		return "beta";
	}
}
