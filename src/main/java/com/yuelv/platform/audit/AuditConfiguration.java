package com.yuelv.platform.audit;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.yuelv.shared.ErasedPeople;

import jakarta.persistence.EntityManagerFactory;
import tools.jackson.databind.json.JsonMapper;

/** The audit trail every module records in, the admins' endpoint on it, and its retention. */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

	@Bean
	AuditLog auditLog(JdbcClient jdbc, JsonMapper json, PlatformTransactionManager transactions, Clock clock,
			@Value("${yuelv.split.deployment:yuelv}") String deployment, ObjectProvider<EntityManagerFactory> entities,
			ErasedPeople people) {
		return new AuditLog(jdbc, json, new TransactionTemplate(transactions), deployment, clock,
				entities.getIfAvailable(), people);
	}

	@Bean
	AuditEndpoint auditEndpoint(AuditLog log, JsonMapper json) {
		return new AuditEndpoint(log, json);
	}

	@Bean
	AuditRetention auditRetention(AuditLog log, AuditSettings settings, Clock clock) {
		return new AuditRetention(log, settings.retention(), clock);
	}
}
