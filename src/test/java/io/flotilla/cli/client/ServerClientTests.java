package io.flotilla.cli.client;

import io.flotilla.account.Role;
import io.flotilla.cli.client.ServerClient.Answer;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How answers are read: roles as the server writes them, enum constants, and as the
 * command line writes them, words.
 */
class ServerClientTests {

	private static final Answer<Role> ROLE = new Answer<>("a role", new TypeReference<>() {
	}, (role) -> role != null);

	@Test
	void aRoleIsReadInAnyCase() {
		assertThat(ROLE.read("\"OPERATOR\"")).contains(Role.OPERATOR);
		assertThat(ROLE.read("\"viewer\"")).contains(Role.VIEWER);
		assertThat(ROLE.read("\"Admin\"")).contains(Role.ADMIN);
		assertThat(ROLE.read("\"boss\"")).isEmpty();
	}

}
