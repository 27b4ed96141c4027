/**
 * Personal data encrypted field by field: each module's data keys (a Tink AEAD keyset, and a PRF keyset for blind
 * indexes) stored in the platform's schema under a key-encryption key kept outside the database, the
 * {@link com.yuelv.shared.FieldCipher} every module seals its graded fields with, key rotation, and the re-encryption
 * that moves old values to the newest key in the background.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform: keys",
		allowedDependencies = { "platform", "shared" })
@org.jspecify.annotations.NullMarked
package com.yuelv.platform.keys;
