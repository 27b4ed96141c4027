package com.yuelv.platform.privacy;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.yuelv.platform.deployment.LocalModules;
import com.yuelv.platform.deployment.PeerClients;
import com.yuelv.shared.PersonalDataExport;

/** The archive of a person's data, from this deployment's modules and the others'. */
@Configuration(proxyBeanMethods = false)
class PrivacyConfiguration {

	@Bean
	PersonalDataArchives personalDataArchives(List<PersonalDataExport> exports, PrivacySettings settings,
			LocalModules placement, ObjectProvider<PeerClients> peers, Clock clock) {
		return new PersonalDataArchives(exports, settings.modules(), placement,
				Optional.ofNullable(peers.getIfAvailable()), clock);
	}
}
