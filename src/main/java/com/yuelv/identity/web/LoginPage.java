package com.yuelv.identity.web;

import java.nio.charset.StandardCharsets;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.util.HtmlUtils;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The authorization server's login page, where the web app and the mini-program send a traveller to log in: email and
 * password, posted back to itself (Spring Security's form login, {@code AuthorizationServer}). It says why a login
 * failed only as far as the password login does: wrong email or password, or too many attempts. Nothing the visitor
 * typed is shown again.
 */
@Controller
@Hidden
class LoginPage {

	private static final String PAGE = """
			<!DOCTYPE html>
			<html lang="zh-CN">
			<head>
			<meta charset="utf-8">
			<meta name="viewport" content="width=device-width, initial-scale=1">
			<title>登录 Yuelv · Log in</title>
			<style>
			body { font-family: system-ui, sans-serif; max-width: 22rem; margin: 4rem auto; padding: 0 1rem; color: #222; }
			label { display: block; margin-top: 1rem; }
			input { width: 100%%; padding: .5rem; box-sizing: border-box; }
			button { margin-top: 1.5rem; width: 100%%; padding: .6rem; }
			.notice { padding: .6rem; background: #fdecea; border-radius: 4px; }
			</style>
			</head>
			<body>
			<h1>约旅 Yuelv</h1>
			%s
			<form method="post" action="login">
			<label>邮箱 Email <input type="email" name="email" autocomplete="username" required maxlength="254" autofocus></label>
			<label>密码 Password <input type="password" name="password" autocomplete="current-password" required maxlength="512"></label>
			<input type="hidden" name="%s" value="%s">
			<button type="submit">登录 Log in</button>
			</form>
			</body>
			</html>
			""";

	@GetMapping(path = "/login", produces = MediaType.TEXT_HTML_VALUE)
	ResponseEntity<String> page(HttpServletRequest request) {
		var csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
		var asked = request.getParameterMap();
		var notice = asked.containsKey("error") ? "邮箱或密码错误。Email or password is wrong."
				: asked.containsKey("throttled") ? "尝试次数过多，请稍后再试。Too many attempts; wait a few minutes and try again."
				: asked.containsKey("busy") ? "登录人数过多，请稍后再试。Too many logins at once; try again in a moment."
				: asked.containsKey("signed-in") ? "已登录，请返回应用。You are logged in; return to the app." : null;
		var html = PAGE.formatted(notice == null ? "" : "<p class=\"notice\" role=\"alert\">" + notice + "</p>",
				HtmlUtils.htmlEscape(csrf.getParameterName()), HtmlUtils.htmlEscape(csrf.getToken()));
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
				.body(html);
	}
}
