package com.yuelv.booking.internal;

import java.time.Instant;
import java.util.UUID;

import org.jmolecules.ddd.annotation.Identity;
import org.jspecify.annotations.Nullable;

import com.yuelv.booking.JoinRequestId;
import com.yuelv.shared.PersonalData;
import com.yuelv.shared.PersonalData.Grade;
import com.yuelv.shared.UserId;
import com.yuelv.trip.TripId;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A traveler's request to join one trip, and what became of it. Part of the trip's {@link Roster}, which alone
 * changes it. Its identity is assigned when it is made; its version, empty until it is stored, tells Spring Data that
 * it is new.
 */
@org.jmolecules.ddd.annotation.Entity
@Entity
@Table(name = "join_requests", schema = "booking")
public class JoinRequest {

	@Id
	@Identity
	private UUID id;

	@Column(name = "trip_id", nullable = false)
	private UUID tripId;

	@Column(name = "traveler_id", nullable = false)
	private UUID travelerId;

	@PersonalData(Grade.CONTENT)
	private @Nullable String message;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private JoinRequestStatus status;

	@Column(name = "requested_at", nullable = false)
	private Instant requestedAt;

	@Column(name = "decided_at")
	private @Nullable Instant decidedAt;

	private @Nullable String reason;

	@Version
	private @Nullable Long version;

	protected JoinRequest() {}

	JoinRequest(TripId tripId, UserId traveler, @Nullable String message, JoinRequestStatus status, Instant now) {
		this.id = UUID.randomUUID();
		this.tripId = tripId.value();
		this.travelerId = traveler.value();
		this.message = message;
		this.status = status;
		this.requestedAt = now;
	}

	void moveTo(JoinRequestStatus next, Instant now) {
		this.status = next;
		if (!next.isActive() || next == JoinRequestStatus.ACCEPTED || next == JoinRequestStatus.HELD) {
			this.decidedAt = now;
		}
	}

	void moveTo(JoinRequestStatus next, @Nullable String reason, Instant now) {
		moveTo(next, now);
		this.reason = reason;
	}

	public JoinRequestId requestId() {
		return new JoinRequestId(id);
	}

	public TripId tripId() {
		return new TripId(tripId);
	}

	public UserId traveler() {
		return new UserId(travelerId);
	}

	public boolean isBy(UserId user) {
		return travelerId.equals(user.value());
	}

	public @Nullable String message() {
		return message;
	}

	public JoinRequestStatus status() {
		return status;
	}

	public Instant requestedAt() {
		return requestedAt;
	}

	public @Nullable Instant decidedAt() {
		return decidedAt;
	}

	public @Nullable String reason() {
		return reason;
	}
}
