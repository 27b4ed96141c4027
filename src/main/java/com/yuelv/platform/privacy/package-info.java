/**
 * A person's rights to a copy of their data and to its erasure: the archive assembled from every module's
 * {@link com.yuelv.shared.PersonalDataExport}, in process where the module runs here and over its deployment's internal
 * API where it runs elsewhere; and the erasure of a closed account, each deployment having the modules it runs erase
 * the person through {@link com.yuelv.shared.PersonalDataErasure}, then the platform's own stores cleared.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform: privacy",
		allowedDependencies = { "platform", "platform.deployment", "shared" })
@org.jspecify.annotations.NullMarked
package com.yuelv.platform.privacy;
