package com.yuelv.platform.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfSet;

/**
 * Each module's data keys, in {@code platform.data_keysets}: an AEAD keyset that seals its fields and a PRF keyset
 * for its blind indexes, both encrypted by the {@link KeyEncryptionKey} and bound to the module, so one module's
 * stored keys cannot stand in for another's. A module's keys are made by the first process that needs them; a
 * rotation adds a key and makes it the primary, which every process learns when it next looks or first meets a value
 * sealed with it.
 */
class DataKeys {

	/** What a process knows of a module's keys. */
	record ModuleKeys(Aead aead, int primary, Set<Integer> ids, PrfSet index, long version) {}

	private final JdbcClient jdbc;
	private final ObjectProvider<PlatformTransactionManager> transactions;
	private final KeyEncryptionKey kek;
	private final Clock clock;
	private final Map<String, ModuleKeys> known = new ConcurrentHashMap<>();

	/**
	 * @param transactions the application's, found when a rotation needs one: the entities' converters need this
	 *        class before the transaction manager of the entities exists
	 */
	DataKeys(JdbcClient jdbc, ObjectProvider<PlatformTransactionManager> transactions, KeyEncryptionKey kek,
			Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.kek = kek;
		this.clock = clock;
	}

	ModuleKeys of(String module) {
		var keys = known.get(module);
		if (keys == null) {
			// read outside the map's lock: a module's first look reads the database, and may make its keys
			keys = load(module);
			var first = known.putIfAbsent(module, keys);
			return first != null ? first : keys;
		}
		return keys;
	}

	/** Reads the module's keys again, as stored now. */
	ModuleKeys reload(String module) {
		var keys = load(module);
		known.put(module, keys);
		return keys;
	}

	/** Reads again the keys of every module whose stored keys changed since this process read them. */
	void follow() {
		jdbc.sql("select module, version from platform.data_keysets")
			.query((row, n) -> Map.entry(row.getString("module"), row.getLong("version")))
			.list()
			.forEach(stored -> {
				var keys = known.get(stored.getKey());
				if (keys != null && keys.version() != stored.getValue()) {
					reload(stored.getKey());
				}
			});
	}

	/** Adds a new key to the module's AEAD keyset and makes it the primary; returns its id. */
	int rotate(String module) {
		of(module);
		var rotated = new TransactionTemplate(transactions.getObject()).execute(status -> {
			var stored = jdbc.sql("select keyset from platform.data_keysets where module = ? for update")
				.param(module)
				.query(String.class)
				.single();
			try {
				var handle = parse(stored, module, "aead");
				var next = KeysetHandle.newBuilder(handle)
					.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
						.withRandomId()
						.makePrimary())
					.build();
				jdbc.sql("""
						update platform.data_keysets set keyset = ?, version = version + 1, updated_at = ?
						where module = ?""")
					.params(serialize(next, module, "aead"), clock.instant().atOffset(ZoneOffset.UTC), module)
					.update();
				return next.getPrimary().getId();
			}
			catch (GeneralSecurityException e) {
				throw new IllegalStateException("The data keys of " + module + " cannot be rotated", e);
			}
		});
		reload(module);
		return rotated;
	}

	private ModuleKeys load(String module) {
		var stored = read(module);
		if (stored == null) {
			make(module);
			stored = read(module);
		}
		try {
			var aead = parse(stored[0], module, "aead");
			var index = parse(stored[1], module, "index");
			var ids = IntStream.range(0, aead.size()).map(i -> aead.getAt(i).getId()).boxed()
				.collect(Collectors.toUnmodifiableSet());
			return new ModuleKeys(aead.getPrimitive(RegistryConfiguration.get(), Aead.class),
					aead.getPrimary().getId(), ids, index.getPrimitive(RegistryConfiguration.get(), PrfSet.class),
					Long.parseLong(stored[2]));
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("The data keys of " + module
					+ " do not open with the key-encryption key (yuelv.keys.kek-file)", e);
		}
	}

	/**
	 * Makes and stores the module's keys in a transaction of their own, committed whatever becomes of the caller's:
	 * a value sealed with them may outlive it. Another process may make them first; then its keys are the ones.
	 */
	private void make(String module) {
		var own = new TransactionTemplate(transactions.getObject());
		own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		try {
			var aead = serialize(generate(PredefinedAeadParameters.AES256_GCM), module, "aead");
			var index = serialize(generate(PredefinedPrfParameters.HMAC_SHA256_PRF), module, "index");
			own.executeWithoutResult(status -> jdbc.sql("""
					insert into platform.data_keysets (module, keyset, index_keyset, version, updated_at)
					values (?, ?, ?, 1, ?)""")
				.params(module, aead, index, clock.instant().atOffset(ZoneOffset.UTC))
				.update());
		}
		catch (DuplicateKeyException another) {
			// another process made the module's keys first: they are the ones
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("The data keys of " + module + " cannot be made", e);
		}
	}

	private String @org.jspecify.annotations.Nullable [] read(String module) {
		return jdbc.sql("select keyset, index_keyset, version from platform.data_keysets where module = ?")
			.param(module)
			.query((row, n) -> new String[] { row.getString("keyset"), row.getString("index_keyset"),
					Long.toString(row.getLong("version")) })
			.optional()
			.orElse(null);
	}

	private static KeysetHandle generate(Parameters parameters) throws GeneralSecurityException {
		return KeysetHandle.newBuilder()
			.addEntry(KeysetHandle.generateEntryFromParameters(parameters).withRandomId().makePrimary())
			.build();
	}

	private String serialize(KeysetHandle keyset, String module, String purpose) throws GeneralSecurityException {
		return Base64.getEncoder().encodeToString(
				TinkProtoKeysetFormat.serializeEncryptedKeyset(keyset, kek.aead(), boundTo(module, purpose)));
	}

	private KeysetHandle parse(String stored, String module, String purpose) throws GeneralSecurityException {
		return TinkProtoKeysetFormat.parseEncryptedKeyset(Base64.getDecoder().decode(stored), kek.aead(),
				boundTo(module, purpose));
	}

	private static byte[] boundTo(String module, String purpose) {
		return ("yuelv data keys of " + module + " for " + purpose).getBytes(StandardCharsets.UTF_8);
	}
}
