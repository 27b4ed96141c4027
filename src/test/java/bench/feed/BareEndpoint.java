package bench.feed;

import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The feed benchmark's yardstick: a Spring MVC endpoint on Tomcat and nothing else (no security, filters, database or
 * Redis), answering the JSON of a real feed page, read once from the file given as {@code --bare.body}. Run by
 * {@code bench/feed/feed.sh} beside the application, in the same run; it is not part of the application.
 */
@SpringBootConfiguration
@ImportAutoConfiguration({ TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
		WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class })
@RestController
public class BareEndpoint {

	private final byte[] body;

	BareEndpoint(org.springframework.core.env.Environment environment) throws java.io.IOException {
		this.body = Files.readAllBytes(Path.of(environment.getRequiredProperty("bare.body")));
	}

	@GetMapping(value = "/api/v1/feed", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<byte[]> feed() {
		return ResponseEntity.ok(body);
	}

	public static void main(String[] args) {
		SpringApplication.run(BareEndpoint.class, args);
	}
}
