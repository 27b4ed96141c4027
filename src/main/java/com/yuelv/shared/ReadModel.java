package com.yuelv.shared;

/**
 * A store a module derives from other modules' data (say, the search index from the trips), which a deployment that
 * takes the module over has to bring up to date before it answers. The platform keeps the deployment out of its
 * readiness until every read model it runs has caught up once; after that, a read model that falls behind catches up
 * on its own and the deployment stays ready.
 */
public interface ReadModel {

	/** A name for operators: what the readiness details and logs call it. */
	String name();

	/** Whether the store has caught up with its sources since this process started. */
	boolean caughtUp();
}
