/**
 * A person's right to a copy of their data: the archive assembled from every module's
 * {@link com.yuelv.shared.PersonalDataExport}, in process where the module runs here and over its deployment's internal
 * API where it runs elsewhere.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform: privacy",
		allowedDependencies = { "platform", "platform.deployment", "shared" })
@org.jspecify.annotations.NullMarked
package com.yuelv.platform.privacy;
