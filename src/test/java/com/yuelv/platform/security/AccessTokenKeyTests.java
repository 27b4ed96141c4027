package com.yuelv.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.yuelv.platform.RsaKeyFile;

/** A deployment holds the access tokens' private key, or only their public half and then cannot sign. */
class AccessTokenKeyTests {

	@TempDir Path dir;

	@Test
	void aMissingKeyIsMadeWholeAsInEmbeddedMode() {
		var key = AccessTokenKey.read(dir.resolve("keys/jwt.pem"));
		assertThat(key.privateKey()).isNotNull();
		assertThat(key.signingKey(dir.resolve("keys/jwt.pem"))).isEqualTo(key.privateKey());
	}

	@Test
	void thePublicHalfVerifiesUnderTheSameKeyIdAndCannotSign() throws Exception {
		var whole = RsaKeyFile.loadOrCreate(dir.resolve("jwt.pem"));
		Files.writeString(dir.resolve("public.pem"), whole.publicPem());

		var half = AccessTokenKey.read(dir.resolve("public.pem"));
		assertThat(half.publicKey()).isEqualTo(whole.publicKey());
		assertThat(half.keyId()).isEqualTo(whole.keyId());
		assertThat(half.privateKey()).isNull();
		assertThatThrownBy(() -> half.signingKey(dir.resolve("public.pem"))).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("yuelv.jwt.key-file").hasMessageContaining("holds only the public key");
	}

	@Test
	void aFileWithNeitherIsRefusedByName() throws Exception {
		Files.writeString(dir.resolve("junk.pem"), "not a key");
		assertThatThrownBy(() -> AccessTokenKey.read(dir.resolve("junk.pem"))).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("junk.pem");
	}
}
