package archfixture.alpha;

import org.springframework.data.repository.CrudRepository;

/** Breaks "Spring Data repositories are not part of a module's API". */
public interface AlphaRecords extends CrudRepository<AlphaEntity, Long> {}
