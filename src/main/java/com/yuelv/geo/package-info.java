/**
 * Places and distance: a catalog of the world's cities from GeoNames (CC BY 4.0) with names in Chinese, Japanese,
 * Korean, Thai and Latin script, looked up by id or by prefix in any of them; great-circle distance; and trips with a
 * stop near a point, from its own spatial read model fed by trip events.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Places", allowedDependencies = { "trip", "shared" })
@org.jspecify.annotations.NullMarked
package com.yuelv.geo;
