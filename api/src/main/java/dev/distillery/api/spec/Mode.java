package dev.distillery.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How teacher and students relate in time: a fixed teacher first, or trained together. */
public enum Mode {
    /** The teacher is trained (or loaded) first; its soft labels are fixed. */
    @JsonProperty("offline")
    OFFLINE,
    /** Teacher and students trained together in one step (deep mutual learning). */
    @JsonProperty("online")
    ONLINE
}
