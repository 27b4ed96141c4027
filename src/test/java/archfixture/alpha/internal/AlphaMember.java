package archfixture.alpha.internal;

import com.yuelv.shared.PersonalData;
import com.yuelv.shared.PersonalData.Grade;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** Breaks "stored fields with a personal-sounding name carry their grade": the home address has none. */
@Entity
public class AlphaMember {
	@Id
	Long id;

	@PersonalData(Grade.CONTACT)
	String email;

	String homeAddress;
}
