package com.yuelv.platform.keys;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import com.yuelv.platform.OperatorChanges;
import com.yuelv.shared.AuditTrail;

/**
 * {@code /actuator/keys}: per module with sealed fields, the id of its primary key, how many keys it holds and, per
 * sealed column, how many values are not under the primary key yet. {@code POST /actuator/keys/{module}} rotates the
 * module's data key: new values are sealed with a new key at once, older ones move to it in the background, and
 * everything stays readable meanwhile. A rotation is audited.
 */
@Endpoint(id = "keys")
public class KeysEndpoint {

	private final DataKeys keys;
	private final ReEncryption reEncryption;
	private final AuditTrail audit;

	KeysEndpoint(DataKeys keys, ReEncryption reEncryption, AuditTrail audit) {
		this.keys = keys;
		this.reEncryption = reEncryption;
		this.audit = audit;
	}

	@ReadOperation
	public Map<String, Object> keys() {
		var modules = new TreeMap<String, Object>();
		for (var column : reEncryption.columns()) {
			@SuppressWarnings("unchecked")
			var module = (Map<String, Object>) modules.computeIfAbsent(column.module(), name -> {
				var moduleKeys = keys.of(name);
				var description = new LinkedHashMap<String, Object>();
				description.put("primaryKey", HexFormat.of().toHexDigits(moduleKeys.primary()));
				description.put("keys", moduleKeys.ids().size());
				description.put("behindPrimary", new TreeMap<String, Long>());
				return description;
			});
			@SuppressWarnings("unchecked")
			var behind = (Map<String, Long>) module.get("behindPrimary");
			behind.put(column.table() + "." + column.column(), reEncryption.countBehind(column));
		}
		return Map.of("modules", modules);
	}

	@WriteOperation
	public Map<String, Object> rotate(@Selector String module, SecurityContext security) {
		if (reEncryption.columns().stream().noneMatch(column -> column.module().equals(module))) {
			throw new InvalidEndpointRequestException("No sealed fields in " + module,
					"module must be one whose fields are sealed, not " + module);
		}
		var primary = HexFormat.of().toHexDigits(keys.rotate(module));
		audit.record("data-key-rotated", OperatorChanges.actor(OperatorChanges.caller(security)), "module:" + module, Map.of("primaryKey", primary));
		return Map.of("module", module, "primaryKey", primary);
	}
}
