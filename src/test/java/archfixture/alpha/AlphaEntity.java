package archfixture.alpha;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** Breaks "JPA entities are not part of a module's API". */
@Entity
public class AlphaEntity {
	@Id
	Long id;
}
