package com.yuelv;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Lets a test step into the calls to one bean of an application it starts: the bean implementing {@code type} is
 * replaced by a proxy whose {@link #intercept(Method, Call)} decides what happens. Subclasses need a no-argument
 * constructor, so that they can be handed to a {@code SpringApplicationBuilder} as a source.
 */
public abstract class Intercepting<T> implements BeanPostProcessor {

	/** The intercepted call, to be made or not. */
	public interface Call {
		Object proceed() throws Throwable;
	}

	private final Class<T> type;

	protected Intercepting(Class<T> type) {
		this.type = type;
	}

	protected abstract Object intercept(Method method, Call call) throws Throwable;

	@Override
	public Object postProcessAfterInitialization(Object bean, String name) {
		if (!type.isInstance(bean)) {
			return bean;
		}
		return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
				(proxy, method, arguments) -> intercept(method, () -> {
					// the intercepted interface may be package-private to its module
					method.setAccessible(true);
					try {
						return method.invoke(bean, arguments);
					}
					catch (InvocationTargetException e) {
						throw e.getCause();
					}
				}));
	}
}
