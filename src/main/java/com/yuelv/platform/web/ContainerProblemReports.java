package com.yuelv.platform.web;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * Requests that Tomcat refuses before any application code runs (an undecodable path, raw bytes in a query string,
 * oversized headers) are answered with a problem too, replacing Tomcat's HTML error page.
 */
@Component
class ContainerProblemReports implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

	private final JsonMapper json;

	ContainerProblemReports(JsonMapper json) {
		this.json = json;
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addContextCustomizers(context -> {
			var host = (StandardHost) context.getParent();
			// the host adds a stock ErrorReportValve at start unless one of the configured class is present
			host.setErrorReportValveClass(ProblemReportValve.class.getName());
			var pipeline = host.getPipeline();
			for (var valve : pipeline.getValves()) {
				if (valve instanceof ErrorReportValve) {
					pipeline.removeValve(valve);
				}
			}
			pipeline.addValve(new ProblemReportValve(json));
		});
	}

	static final class ProblemReportValve extends ErrorReportValve {

		private final JsonMapper json;

		ProblemReportValve(JsonMapper json) {
			this.json = json;
			setShowReport(false);
			setShowServerInfo(false);
		}

		@Override
		protected void report(Request request, Response response, Throwable throwable) {
			var code = response.getStatus();
			if (code < 400 || response.getContentWritten() > 0) {
				return;
			}
			var ioAllowed = new AtomicBoolean(true);
			response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
			if (!ioAllowed.get()) {
				return;
			}
			var status = HttpStatus.resolve(code);
			var detail = status == null ? "The request was refused." : status.getReasonPhrase();
			var problem = ProblemTypes.problem(status == null ? HttpStatus.BAD_REQUEST : status,
					ProblemTypes.slugFor(status == null ? HttpStatus.BAD_REQUEST : status), detail);
			try {
				response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
				response.setCharacterEncoding("UTF-8");
				var writer = response.getReporter();
				if (writer != null) {
					writer.write(json.writeValueAsString(problem));
					response.finishResponse();
				}
			}
			catch (IOException | IllegalStateException e) {
				// the client is gone or the response is already on its way; nothing more to tell
			}
		}
	}
}
