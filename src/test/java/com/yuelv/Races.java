package com.yuelv;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Calls made at the same moment, for the tests that race concurrent requests. */
public final class Races {

	private Races() {}

	/** Runs the calls at once, each on its own thread (at most 64 at a time), and returns their answers in order. */
	public static <T> List<T> race(List<Callable<T>> calls) throws Exception {
		var start = new CountDownLatch(1);
		var results = new ArrayList<T>();
		try (var executor = Executors.newFixedThreadPool(Math.min(calls.size(), 64))) {
			var answers = new ArrayList<Future<T>>();
			for (var call : calls) {
				answers.add(executor.submit(() -> {
					start.await();
					return call.call();
				}));
			}
			start.countDown();
			for (var answer : answers) {
				results.add(answer.get());
			}
		}
		return results;
	}
}
