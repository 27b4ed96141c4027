package com.yuelv.platform.keys;

import java.time.Clock;

import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import com.yuelv.shared.AuditTrail;
import com.yuelv.shared.FieldCipher;

import jakarta.persistence.EntityManagerFactory;

/** The modules' data keys under the key-encryption key, the cipher of their fields, rotation and re-encryption. */
@Configuration(proxyBeanMethods = false)
class KeysConfiguration {

	/** The platform's own keys, which seal what it stores for modules (idempotent requests' answers). */
	static final String PLATFORM = "platform";

	@Bean
	KeyEncryptionKey keyEncryptionKey(KeysSettings settings) {
		return new FileKeyEncryptionKey(settings.kekFile());
	}

	@Bean
	DataKeys dataKeys(JdbcClient jdbc, ObjectProvider<PlatformTransactionManager> transactions, KeyEncryptionKey kek,
			Clock clock) {
		return new DataKeys(jdbc, transactions, kek, clock);
	}

	@Bean
	FieldCipher fieldCipher(DataKeys keys) {
		return new TinkFieldCipher(keys);
	}

	@Bean
	ReEncryption reEncryption(JdbcClient jdbc, FieldCipher cipher, DataKeys keys, EntityManagerFactory entities) {
		return new ReEncryption(jdbc, cipher, keys, SealedColumns.of(entities));
	}

	/**
	 * The keys of the modules with sealed fields here, and the platform's, read (or made) at start, before the first
	 * request needs them; if the database cannot be read yet, the first use reads them.
	 */
	@Bean
	SmartInitializingSingleton dataKeysAtStart(DataKeys keys, ReEncryption reEncryption) {
		return () -> {
			var modules = new java.util.TreeSet<String>();
			modules.add(PLATFORM);
			reEncryption.columns().forEach(column -> modules.add(column.module()));
			try {
				modules.forEach(keys::of);
			}
			catch (RuntimeException e) {
				LoggerFactory.getLogger(DataKeys.class).warn("The data keys cannot be read yet ({}); the first use "
						+ "reads them", e.getMessage());
			}
		};
	}

	@Bean
	KeysEndpoint keysEndpoint(DataKeys keys, ReEncryption reEncryption, AuditTrail audit) {
		return new KeysEndpoint(keys, reEncryption, audit);
	}
}
