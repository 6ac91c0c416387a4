package io.flotilla.health;

public record Verdict(String check, boolean passed, String value, String limit, String description) {
}
