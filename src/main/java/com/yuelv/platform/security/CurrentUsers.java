package com.yuelv.platform.security;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import com.yuelv.shared.CurrentUser;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;

/**
 * Resolves {@link CurrentUser} parameters: the account named by the request's verified access token, or
 * {@code null} for an anonymous request or a partner's (which reads what anyone may, within its scopes, see
 * {@link PartnerScopes}). A token of a peer deployment names no account and is refused where an account is expected. The parameter is not part of the API, so the OpenAPI document leaves it out.
 */
@Configuration(proxyBeanMethods = false)
class CurrentUsers implements WebMvcConfigurer, HandlerMethodArgumentResolver {

	static {
		SpringDocUtils.getConfig().addAnnotationsToIgnore(CurrentUser.class);
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(this);
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.hasParameterAnnotation(CurrentUser.class) && parameter.getParameterType() == UserId.class;
	}

	@Override
	public @Nullable UserId resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
			NativeWebRequest request, WebDataBinderFactory binders) {
		if (!(SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token)
				|| PartnerScopes.isPartnerToken(token.getToken())) {
			return null;
		}
		try {
			return UserId.parse(token.getToken().getSubject());
		}
		catch (Rejection notAnAccount) {
			throw Rejection.forbidden("forbidden", "This credential names no account.");
		}
	}
}
