package com.yuelv.identity.internal;

/** What an account may do. Every account is a traveler; admins also manage other accounts' roles. */
public enum Role {
	TRAVELER, ADMIN
}
