package com.yuelv.platform.keys;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.entity.AbstractEntityPersister;

import com.yuelv.shared.PersonalData;

import jakarta.persistence.EntityManagerFactory;

/**
 * The columns that hold sealed personal data, read from the entities' mapping: every basic attribute whose
 * {@link PersonalData} grade is encrypted, with its table, the table's id column and the module that owns it (the
 * entity's package under {@code com.yuelv}).
 */
final class SealedColumns {

	record Column(String module, String table, String id, String column) {}

	private SealedColumns() {}

	static List<Column> of(EntityManagerFactory entities) {
		var columns = new ArrayList<Column>();
		entities.unwrap(SessionFactoryImplementor.class).getMappingMetamodel().forEachEntityDescriptor(descriptor -> {
			if (!(descriptor instanceof AbstractEntityPersister persister)) {
				return;
			}
			var type = persister.getMappedClass();
			var module = type.getPackageName().split("\\.")[2];
			for (var field : type.getDeclaredFields()) {
				var grade = field.getAnnotation(PersonalData.class);
				if (grade != null && grade.value().encrypted()) {
					columns.add(new Column(module, persister.getRootTableName(),
							persister.getIdentifierColumnNames()[0],
							persister.getPropertyColumnNames(field.getName())[0]));
				}
			}
		});
		columns.sort(Comparator.comparing(Column::table).thenComparing(Column::column));
		return List.copyOf(columns);
	}
}
