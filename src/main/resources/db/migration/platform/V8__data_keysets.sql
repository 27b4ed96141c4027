-- Each module's data keys: the Tink AEAD keyset that seals its personal data field by field and the PRF keyset of
-- its blind indexes, each encrypted by the key-encryption key (yuelv.keys.kek-file), which never enters the
-- database. A rotation adds a key to the AEAD keyset and makes it the primary; version tells processes to read again.
create table platform.data_keysets (
    module       varchar(60)              primary key,
    keyset       varchar(16000)           not null,
    index_keyset varchar(4000)            not null,
    version      bigint                   not null,
    updated_at   timestamp with time zone not null
);
