package com.yuelv.platform.privacy.web;

import java.util.Map;
import java.util.UUID;

import org.springframework.web.bind.annotation.RestController;

import com.yuelv.platform.privacy.PersonalDataArchives;
import com.yuelv.platform.privacy.PersonalDataHttp;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * Serves the parts of an archive this deployment's modules hold to the deployment assembling it, over the contract
 * {@link PersonalDataHttp} (peers granted {@code personal-data:read} only, as every {@code /internal} API).
 */
@RestController
@Hidden
class PersonalDataEndpoint implements PersonalDataHttp {

	private final PersonalDataArchives archives;

	PersonalDataEndpoint(PersonalDataArchives archives) {
		this.archives = archives;
	}

	@Override
	public Map<String, Object> export(String module, UUID account) {
		return archives.localPart(module, new UserId(account)).orElseThrow(() -> Rejection.notFound("not-found",
				"Module " + module + " keeps no personal data here"));
	}
}
