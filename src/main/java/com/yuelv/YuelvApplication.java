package com.yuelv;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.modulith.Modulithic;

/**
 * Yuelv (约旅), a travel-companion social platform: a modular monolith whose application modules are the direct
 * subpackages of this package. The {@code shared} kernel is visible to every module.
 */
@Modulithic(systemName = "Yuelv", sharedModules = "shared")
@SpringBootApplication
@ConfigurationPropertiesScan
public class YuelvApplication {

	public static void main(String[] args) {
		SpringApplication.run(YuelvApplication.class, args);
	}
}
