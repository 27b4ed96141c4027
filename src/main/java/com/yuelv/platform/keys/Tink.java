package com.yuelv.platform.keys;

import java.security.GeneralSecurityException;

import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.prf.PrfConfig;

/** Tink's key managers for the primitives used here, registered once per process. */
final class Tink {

	private Tink() {}

	static synchronized void register() throws GeneralSecurityException {
		AeadConfig.register();
		PrfConfig.register();
	}
}
