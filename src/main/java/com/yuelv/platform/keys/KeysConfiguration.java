package com.yuelv.platform.keys;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
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

	@Bean
	KeysEndpoint keysEndpoint(DataKeys keys, ReEncryption reEncryption, AuditTrail audit) {
		return new KeysEndpoint(keys, reEncryption, audit);
	}
}
