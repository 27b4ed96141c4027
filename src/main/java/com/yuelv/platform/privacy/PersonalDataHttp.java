package com.yuelv.platform.privacy;

import java.util.Map;
import java.util.UUID;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.service.annotation.GetExchange;

/** A deployment's internal API for the parts of an export its modules hold; called by the deployment assembling it. */
public interface PersonalDataHttp {

	String PATH = "/internal/personal-data/{module}/{account}";

	@GetExchange(PATH)
	Map<String, Object> export(@PathVariable String module, @PathVariable UUID account);
}
