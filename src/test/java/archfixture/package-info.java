/**
 * A deliberately broken miniature application: each class breaks one of the project's architecture rules, so that
 * the rule tests can show every rule fails when it should.
 */
package archfixture;
